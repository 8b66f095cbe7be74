// One database of the suite's SQL server with its encryption, backup, audit and Defender settings.
param serverName string
param name string
param location string
param tags object = {}
param skuName string
param pitrDays int
param ltrWeekly string
param ltrMonthly string
param ltrYearly string
@allowed(['Zone', 'Local'])
param backupStorageRedundancy string
param workspaceId string
param auditRetentionDays int
param alertEmailAddresses array

// Named "<server>/<database>" rather than with an `existing` server as parent: the server is
// declared (and scanned) once, in sql.bicep.
var isServerless = contains(skuName, '_S_')

resource database 'Microsoft.Sql/servers/databases@2023-08-01-preview' = {
  name: '${serverName}/${name}'
  location: location
  tags: tags
  // checkov:skip=CKV_AZURE_26:Recipients are set in the child securityAlertPolicies below (declared with parent:), which this check does not follow.
  // checkov:skip=CKV_AZURE_27:Mail to admins is enabled in the child securityAlertPolicies below (declared with parent:), which this check does not follow.
  sku: { name: skuName }
  properties: {
    // Backups stay in West Europe: Zone (or Local), never Geo, which would copy them to the paired region.
    requestedBackupStorageRedundancy: backupStorageRedundancy
    // Replicas in three zones of West Europe: a zone outage loses no committed data.
    zoneRedundant: true
    // Serverless SKUs only: never auto-pause (deadline_watch runs every 15 minutes anyway, and a
    // paused database makes the first Entra sign-in fail while it resumes).
    autoPauseDelay: isServerless ? -1 : null
    minCapacity: isServerless ? json('0.5') : null
  }
}

resource tde 'Microsoft.Sql/servers/databases/transparentDataEncryption@2023-08-01-preview' = {
  parent: database
  name: 'current'
  properties: { state: 'Enabled' }
}

// Point-in-time restore window: kept short, because erased data live on in backups until then.
resource shortTerm 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies@2023-08-01-preview' = {
  parent: database
  name: 'default'
  properties: {
    retentionDays: pitrDays
    diffBackupIntervalInHours: 12
  }
}

resource longTerm 'Microsoft.Sql/servers/databases/backupLongTermRetentionPolicies@2023-08-01-preview' = {
  parent: database
  name: 'default'
  properties: {
    weeklyRetention: ltrWeekly
    monthlyRetention: ltrMonthly
    yearlyRetention: ltrYearly
    weekOfYear: 1
  }
}

// Changes of rights and schema; sign-ins are audited at the server (sql.bicep), so no record is doubled.
resource dbAuditing 'Microsoft.Sql/servers/databases/auditingSettings@2023-08-01-preview' = {
  parent: database
  name: 'default'
  dependsOn: [dbAuditDiagnostics]
  properties: {
    state: 'Enabled'
    isAzureMonitorTargetEnabled: true
    retentionDays: auditRetentionDays
    auditActionsAndGroups: [
      'DATABASE_PERMISSION_CHANGE_GROUP'
      'DATABASE_PRINCIPAL_CHANGE_GROUP'
      'DATABASE_ROLE_MEMBER_CHANGE_GROUP'
      'SCHEMA_OBJECT_CHANGE_GROUP'
    ]
  }
}

resource dbAuditDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: database
  name: 'sql-audit-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [{ category: 'SQLSecurityAuditEvents', enabled: true }]
  }
}

// Defender for SQL, all threat types, as on the server.
resource dbThreatDetection 'Microsoft.Sql/servers/databases/securityAlertPolicies@2023-08-01-preview' = {
  parent: database
  name: 'Default'
  properties: {
    state: 'Enabled'
    disabledAlerts: []
    emailAccountAdmins: true
    emailAddresses: alertEmailAddresses
  }
}
