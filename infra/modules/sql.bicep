// Azure SQL: Entra-only authentication, TLS 1.2, TDE, auditing to Log Analytics, short PITR
// and long-term retention, backups kept in West Europe (Zone or Local, never Geo).
param serverName string
param location string
param tags object = {}
param databaseNames array
param skuName string
param adminGroupName string
param adminGroupObjectId string
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string
param pitrDays int
param ltrWeekly string
param ltrMonthly string
param ltrYearly string
@allowed(['Zone', 'Local'])
param backupStorageRedundancy string
param appSubnetId string
param operatorIpAddresses array
param workspaceId string
param auditRetentionDays int
@description('Addresses that Defender for SQL alerts are mailed to (on-call).')
param alertEmailAddresses array

resource server 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: serverName
  location: location
  tags: tags
  // checkov:skip=CKV_AZURE_113:Public access is a parameter (sqlPublicNetworkAccess); when on, only the app subnet rule and named operator IPs pass the firewall.
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess
    // No SQL logins at all: the admin is an Entra group, the app a contained user of its identity.
    administrators: {
      administratorType: 'ActiveDirectory'
      principalType: 'Group'
      login: adminGroupName
      sid: adminGroupObjectId
      tenantId: tenant().tenantId
      azureADOnlyAuthentication: true
    }
  }
}

// Explicit child as well, so that a later portal change cannot silently re-enable SQL logins.
resource entraOnly 'Microsoft.Sql/servers/azureADOnlyAuthentications@2023-08-01-preview' = {
  parent: server
  name: 'Default'
  properties: { azureADOnlyAuthentication: true }
}

resource appSubnetRule 'Microsoft.Sql/servers/virtualNetworkRules@2023-08-01-preview' = {
  parent: server
  name: 'app-subnet'
  properties: { virtualNetworkSubnetId: appSubnetId }
}

resource operatorRules 'Microsoft.Sql/servers/firewallRules@2023-08-01-preview' = [for (ip, i) in operatorIpAddresses: {
  parent: server
  name: 'operator-${i}'
  properties: { startIpAddress: ip, endIpAddress: ip }
}]

// One module per database: each database and its settings are declared together.
module databases 'sqldatabase.bicep' = [for db in databaseNames: {
  name: 'sqldb-${db}'
  params: {
    serverName: server.name
    name: db
    location: location
    tags: tags
    skuName: skuName
    pitrDays: pitrDays
    ltrWeekly: ltrWeekly
    ltrMonthly: ltrMonthly
    ltrYearly: ltrYearly
    backupStorageRedundancy: backupStorageRedundancy
    workspaceId: workspaceId
    auditRetentionDays: auditRetentionDays
    alertEmailAddresses: alertEmailAddresses
  }
}]

// Auditing to Azure Monitor (Log Analytics). The two levels audit disjoint groups so that no
// event is recorded twice: the server records sign-ins (every database, master included), each
// database records changes of rights and schema. Not BATCH_COMPLETED_GROUP: statement text can
// carry personal data, and the suite's own audit chain already records every read.
resource auditing 'Microsoft.Sql/servers/auditingSettings@2023-08-01-preview' = {
  parent: server
  name: 'default'
  // The Azure Monitor target needs the diagnostic setting on master in place first.
  dependsOn: [serverAuditDiagnostics]
  properties: {
    state: 'Enabled'
    isAzureMonitorTargetEnabled: true
    retentionDays: auditRetentionDays
    auditActionsAndGroups: [
      'SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP'
      'FAILED_DATABASE_AUTHENTICATION_GROUP'
    ]
  }
}

// Server audit records flow through a diagnostic setting on master. Declared in the nested
// form so that master is not mistaken for a database this template deploys.
resource serverAuditDiagnostics 'Microsoft.Sql/servers/databases/providers/diagnosticSettings@2021-05-01-preview' = {
  name: '${server.name}/master/microsoft.insights/sql-audit-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [{ category: 'SQLSecurityAuditEvents', enabled: true }]
  }
}

// Microsoft Defender for SQL: alerts on injection, anomalous access and brute force.
resource threatDetection 'Microsoft.Sql/servers/securityAlertPolicies@2023-08-01-preview' = {
  parent: server
  name: 'Default'
  properties: {
    state: 'Enabled'
    disabledAlerts: []
    emailAccountAdmins: true
    emailAddresses: alertEmailAddresses
  }
}

output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseNames array = databaseNames
