// Privacy suite: one resource group in West Europe with the Function App (Flex Consumption),
// its user-assigned identity, storage, Key Vault, Azure SQL, monitoring and 24/7 alerts.
// Deploy with `azd up` (see docs/deploy.md). No keys or passwords appear anywhere: every
// service is reached with the managed identity through Entra ID.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the resourceToken used in every name.')
param environmentName string

// Data stay in the Netherlands (docs/domain.md, the policy's promises): West Europe and nothing else.
@allowed(['westeurope'])
@metadata({ azd: { type: 'location' } })
@description('Region of every resource.')
param location string

@description('Optional override of the resource group name.')
param resourceGroupName string = ''

// ---- Identity (the suite's Entra app registration, see docs/deploy.md) ----
@description('Accepted token issuer, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0')
param authIssuer string
@description('Accepted audience: the app ID URI or client id of the suite.')
param authAudience string
@description('JWKS URL of the issuer (https).')
param authJwksUrl string
@description('Authentication-context id that Conditional Access ties to MFA.')
param authMfaContext string = 'c1'
@description('Claim that names the client a Client.Admin belongs to.')
param authClientClaim string = 'extn.clientId'

// ---- Azure SQL ----
@description('Display name of the Entra group that administers the SQL server.')
param sqlAdminGroupName string
@description('Object id of that Entra group.')
param sqlAdminGroupObjectId string
@allowed(['Enabled', 'Disabled'])
@description('Public endpoint of the SQL server; access is still limited to the app subnet and operatorIpAddresses.')
param sqlPublicNetworkAccess string = 'Enabled'
@description('SKU of each database (serverless General Purpose by default).')
param sqlSkuName string = 'GP_S_Gen5_1'
@minValue(1)
@maxValue(35)
@description('Point-in-time restore window in days. Short on purpose: erased data survive in backups only this long.')
param sqlPitrDays int = 7
@description('Long-term retention of weekly full backups (ISO 8601, PT0S = off).')
param sqlLtrWeekly string = 'P4W'
@description('Long-term retention of monthly backups (ISO 8601, PT0S = off).')
param sqlLtrMonthly string = 'P3M'
@description('Long-term retention of yearly backups (ISO 8601, PT0S = off).')
param sqlLtrYearly string = 'PT0S'
// Geo-redundant backup storage would copy personal data to the paired region (outside the Netherlands).
@allowed(['Zone', 'Local'])
param sqlBackupStorageRedundancy string = 'Zone'
@description('SQLAlchemy URL of the existing Incassotool platform database. Empty: create a "platform" database next to the suite store (staging, demos).')
param platformDatabaseUrl string = ''

// ---- Storage ----
@minValue(1)
@description('Days that every blob in the backups container stays immutable (WORM). Keep it at or below the daily keep period: a snapshot cannot be pruned before it ends. Confidential: no default.')
param backupImmutabilityDays int
@minValue(1)
@description('Days after which exports are deleted by lifecycle management.')
param exportRetentionDays int = 30

// ---- Backup and timer configuration ----
// The backup schedule and retention are confidential (docs/domain.md): parameters without defaults,
// set per environment in the azd environment, never in code or docs.
@description('Six-field CRON (UTC) of the nightly backup snapshot.')
param backupSnapshotSchedule string
@description('Six-field CRON (UTC) of the weekly restore drill.')
param backupRestoreDrillSchedule string
@minValue(1)
@description('Daily snapshots kept (PRIVACY_BACKUP_KEEP_DAILY).')
param backupKeepDaily int
@minValue(0)
@description('Weekly snapshots kept (PRIVACY_BACKUP_KEEP_WEEKLY).')
param backupKeepWeekly int
@minValue(0)
@description('Monthly snapshots kept (PRIVACY_BACKUP_KEEP_MONTHLY).')
param backupKeepMonthly int
@description('SQLAlchemy URL of a scratch database for the weekly restore drill. Empty: the drill restores into a temporary SQLite file on the instance.')
param backupDrillDatabaseUrl string = ''
param retentionSweepSchedule string = '0 30 1 * * *'
param exitProcessingSchedule string = '0 0 3 * * *'
param deadlineWatchSchedule string = '0 */15 * * * *'
param auditChainVerifySchedule string = '0 45 3 * * *'
param datamapCheckSchedule string = '0 15 4 * * *'

// ---- Network and operations ----
@description('Address space of the VNet whose subnet the Function App integrates with.')
param vnetAddressPrefix string = '10.40.0.0/16'
@description('Subnet for the Function App (service endpoints to Storage, Key Vault and SQL).')
param appSubnetPrefix string = '10.40.1.0/24'
@description('Public IPv4 addresses of operators and the deploying machine (SQL firewall, Key Vault and storage IP rules).')
param operatorIpAddresses array = []
@description('Days that Log Analytics keeps logs and SQL audit records.')
@minValue(90)
param logRetentionDays int = 90

// ---- On-call ----
@description('Email receivers: [{ name, emailAddress }].')
param onCallEmails array = []
@description('SMS receivers: [{ name, countryCode, phoneNumber }].')
param onCallSms array = []
@description('Webhook receivers (pager/incident tool): [{ name, serviceUri }].')
param onCallWebhooks array = []
@description('Base URL the alert descriptions prefix to runbook paths, e.g. the repository web URL.')
param runbookBaseUrl string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    vnetName: '${abbrs.networkVirtualNetworks}${resourceToken}'
    nsgName: '${abbrs.networkNetworkSecurityGroups}app-${resourceToken}'
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    appInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    backupImmutabilityDays: backupImmutabilityDays
    exportRetentionDays: exportRetentionDays
    appSubnetId: network.outputs.appSubnetId
    operatorIpAddresses: operatorIpAddresses
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    appSubnetId: network.outputs.appSubnetId
    operatorIpAddresses: operatorIpAddresses
    workspaceId: monitoring.outputs.workspaceId
  }
}

var createPlatformDb = empty(platformDatabaseUrl)

module sql 'modules/sql.bicep' = {
  name: 'sql'
  scope: rg
  params: {
    serverName: '${abbrs.sqlServers}${resourceToken}'
    location: location
    tags: tags
    databaseNames: createPlatformDb ? ['privacy', 'platform'] : ['privacy']
    skuName: sqlSkuName
    adminGroupName: sqlAdminGroupName
    adminGroupObjectId: sqlAdminGroupObjectId
    publicNetworkAccess: sqlPublicNetworkAccess
    pitrDays: sqlPitrDays
    ltrWeekly: sqlLtrWeekly
    ltrMonthly: sqlLtrMonthly
    ltrYearly: sqlLtrYearly
    backupStorageRedundancy: sqlBackupStorageRedundancy
    appSubnetId: network.outputs.appSubnetId
    operatorIpAddresses: operatorIpAddresses
    workspaceId: monitoring.outputs.workspaceId
    auditRetentionDays: logRetentionDays
    alertEmailAddresses: [for r in onCallEmails: r.emailAddress]
  }
}

// Entra token auth: no user or password in the URL (shared/config.py).
var odbc = 'driver=ODBC+Driver+18+for+SQL+Server'
var storeDatabaseUrl = 'mssql+pyodbc://@${sql.outputs.fqdn}/privacy?${odbc}'
var appDatabaseUrl = createPlatformDb ? 'mssql+pyodbc://@${sql.outputs.fqdn}/platform?${odbc}' : platformDatabaseUrl
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

module api 'modules/functionapp.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    appSubnetId: network.outputs.appSubnetId
    appInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: {
      PRIVACY_ENV: 'azure'
      PRIVACY_DATABASE_URL: storeDatabaseUrl
      PRIVACY_APP_DATABASE_URL: appDatabaseUrl
      PRIVACY_STORAGE_CONNECTION: storage.outputs.blobEndpoint
      PRIVACY_KEYVAULT_URL: keyVault.outputs.uri
      PRIVACY_AUTH_ISSUER: authIssuer
      PRIVACY_AUTH_AUDIENCE: authAudience
      PRIVACY_AUTH_JWKS_URL: authJwksUrl
      PRIVACY_AUTH_MFA_CONTEXT: authMfaContext
      PRIVACY_AUTH_CLIENT_CLAIM: authClientClaim
      PRIVACY_SCHEDULE_RETENTION_SWEEP: retentionSweepSchedule
      PRIVACY_SCHEDULE_BACKUP_SNAPSHOT: backupSnapshotSchedule
      PRIVACY_SCHEDULE_BACKUP_RESTORE_DRILL: backupRestoreDrillSchedule
      PRIVACY_SCHEDULE_EXIT_PROCESSING: exitProcessingSchedule
      PRIVACY_SCHEDULE_DEADLINE_WATCH: deadlineWatchSchedule
      PRIVACY_SCHEDULE_AUDIT_CHAIN_VERIFY: auditChainVerifySchedule
      PRIVACY_SCHEDULE_DATAMAP_CHECK: datamapCheckSchedule
      PRIVACY_BACKUP_KEEP_DAILY: string(backupKeepDaily)
      PRIVACY_BACKUP_KEEP_WEEKLY: string(backupKeepWeekly)
      PRIVACY_BACKUP_KEEP_MONTHLY: string(backupKeepMonthly)
      PRIVACY_BACKUP_DRILL_URL: backupDrillDatabaseUrl
    }
  }
}

// The console: static files in West Europe, /api linked to the Function App (same origin).
module console 'modules/staticwebapp.bicep' = {
  name: 'console'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}console-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'console' })
    functionAppId: api.outputs.id
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    actionGroupName: '${abbrs.insightsActionGroups}oncall-${resourceToken}'
    rulePrefix: '${abbrs.insightsScheduledQueryRules}${resourceToken}-'
    appInsightsId: monitoring.outputs.appInsightsId
    emails: onCallEmails
    sms: onCallSms
    webhooks: onCallWebhooks
    runbookBaseUrl: runbookBaseUrl
  }
}

// Read by azd and by infra/hooks/postprovision.sh.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_CONSOLE_URI string = '${console.outputs.uri}/console/'
output AZURE_CONSOLE_NAME string = console.outputs.name
output AZURE_IDENTITY_NAME string = identity.outputs.name
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_SQL_SERVER_FQDN string = sql.outputs.fqdn
output AZURE_SQL_DATABASES array = sql.outputs.databaseNames
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
