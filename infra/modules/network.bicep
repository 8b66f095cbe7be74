// A small VNet so that storage, Key Vault and SQL can deny public traffic by default and
// admit the Function App through service endpoints on its integration subnet.
param vnetName string
param nsgName string
param location string
param tags object = {}
param addressPrefix string
param appSubnetPrefix string

// Only the default rules: the subnet hosts outbound Flex Consumption instances, nothing listens.
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-01-01' = {
  name: nsgName
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          networkSecurityGroup: { id: nsg.id }
          // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
          delegations: [
            {
              name: 'flex'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
          serviceEndpoints: [
            // Storage traffic from the subnet may reach West Europe accounts only.
            { service: 'Microsoft.Storage', locations: [location] }
            { service: 'Microsoft.KeyVault' }
            { service: 'Microsoft.Sql' }
          ]
        }
      }
    ]
  }
}

output appSubnetId string = '${vnet.id}/subnets/app'
