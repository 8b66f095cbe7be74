// Key Vault for runtime secrets: backup-key, pseudonym-key and audit-key (the audit chain's HMAC key).
// RBAC only, no access policies.
// No secret is created here: values are set by an operator, never kept in templates or state.
param name string
param location string
param tags object = {}
param appSubnetId string
param operatorIpAddresses array
param workspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [{ id: appSubnetId, ignoreMissingVnetServiceEndpoint: false }]
      ipRules: [for ip in operatorIpAddresses: { value: ip }]
    }
  }
}

resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'kv-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
