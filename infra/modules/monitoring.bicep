// Log Analytics + workspace-based Application Insights. Local (key) auth is off: the app
// ingests with an Entra token of its identity (Monitoring Metrics Publisher, see rbac.bicep).
param workspaceName string
param appInsightsName string
param location string
param tags object = {}
param retentionDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionDays
    // Queries and ingestion with Entra only, no workspace keys.
    features: { disableLocalAuth: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    RetentionInDays: retentionDays
  }
}

output workspaceId string = workspace.id
output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
// The connection string names the ingestion endpoint; with local auth off it grants nothing.
output connectionString string = appInsights.properties.ConnectionString
