// The Function App on Flex Consumption (FC1), Python 3.11, running as the user-assigned identity.
// The Functions host reaches its storage with that identity: no AzureWebJobsStorage key.
param name string
param planName string
param location string
param tags object = {}
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param appSubnetId string
param appInsightsConnectionString string
@description('The suite\'s own settings (shared/config.py).')
param appSettings object
param maximumInstanceCount int = 40
@description('Spread instances over availability zones (keeps two always-ready instances, billed).')
param zoneRedundant bool = true
param instanceMemoryMB int = 2048

resource storageRef 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// The host reaches storage as the identity (no AzureWebJobsStorage connection string), and so do
// the app's SDK clients through AZURE_CLIENT_ID. Flex rejects FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION: functionAppConfig.runtime below says it.
var hostSettings = {
  AzureWebJobsStorage__accountName: storageRef.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Entra ingestion: App Insights has local (key) auth disabled.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  // checkov:skip=CKV_AZURE_222:The API serves the Incassotool portal and its data subjects over the internet; every route but health/openapi needs an Entra token with roles and MFA.
  // checkov:skip=CKV_AZURE_17:Clients authenticate with Entra bearer tokens (MSAL); mutual TLS would lock out the portal and adds nothing to token checks.
  // checkov:skip=CKV_AZURE_212:Flex Consumption has no numberOfWorkers; the zone-redundant plan keeps at least two always-ready instances across zones.
  // checkov:skip=CKV_AZURE_213:App Service health check is not available on Flex Consumption; GET /api/health is watched by the failed-run alert and can back an availability test.
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    virtualNetworkSubnetId: appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [for setting in items(union(appSettings, hostSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageRef.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'python', version: '3.11' }
    }
  }
}

// Children are declared with `parent:` rather than nested: the parser that checkov and
// tests/infra use keeps only the last nested child of a resource.

// azd deploys with an Entra token; basic (publishing password) auth stays off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output id string = site.id
