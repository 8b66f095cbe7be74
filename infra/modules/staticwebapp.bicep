// The privacy console (web/): an Azure Static Web App in West Europe whose /api is the linked
// Function App, so the console and the API share one origin. Standard: linked backends need it.
param name string
@allowed(['westeurope'])
param location string
param tags object
@description('Resource id of the Function App that serves /api.')
param functionAppId string

resource console 'Microsoft.Web/staticSites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    // No preview environments: a pull request must not get a console over production's API.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
    enterpriseGradeCdnStatus: 'Disabled'
  }
}

resource api 'Microsoft.Web/staticSites/linkedBackends@2024-11-01' = {
  parent: console
  name: 'api'
  properties: {
    backendResourceId: functionAppId
    region: location
  }
}

output name string = console.name
output uri string = 'https://${console.properties.defaultHostname}'
