// 24/7 alerting: one action group for on-call and one scheduled-query rule per custom event
// in infra/alerts.json (kept equal to shared/alerts.py by tests/infra), plus failed runs.
param location string
param tags object = {}
param actionGroupName string
param rulePrefix string
param appInsightsId string
param emails array
param sms array
param webhooks array
param runbookBaseUrl string

var events = loadJsonContent('../alerts.json')
var runbookRoot = empty(runbookBaseUrl) ? 'docs/runbooks/' : '${runbookBaseUrl}/docs/runbooks/'
// Must equal FUNCTION_RUN_FAILED_RUNBOOK in shared/alerts.py.
var functionRunFailedRunbook = 'function-run-failed'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  // Action groups are a global resource: 'global' is the only location they accept.
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'privacy-oc'
    enabled: true
    emailReceivers: [for r in emails: {
      name: r.name
      emailAddress: r.emailAddress
      useCommonAlertSchema: true
    }]
    smsReceivers: [for r in sms: {
      name: r.name
      countryCode: r.countryCode
      phoneNumber: r.phoneNumber
    }]
    webhookReceivers: [for r in webhooks: {
      name: r.name
      serviceUri: r.serviceUri
      useCommonAlertSchema: true
    }]
  }
}

// Stateful (autoMitigate): one notification per incident, resolved when the events stop.
// The 15-minute window over a 5-minute frequency tolerates ingestion delay.
resource eventRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for e in events: {
  name: '${rulePrefix}${e.runbook}'
  location: location
  tags: tags
  properties: {
    displayName: e.name
    description: '${e.summary}. Runbook: ${runbookRoot}${e.runbook}.md'
    severity: e.severity
    enabled: true
    scopes: [appInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customEvents | where name == "${e.name}"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
      customProperties: { runbook: '${runbookRoot}${e.runbook}.md' }
    }
  }
}]

// Any failed function execution (timer crash, unhandled exception, 5xx), split per function.
// 4xx answers are the caller's error by contract (docs/contract.md, Errors) and do not page anyone.
resource functionRunFailed 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${rulePrefix}${functionRunFailedRunbook}'
  location: location
  tags: tags
  properties: {
    displayName: 'Privacy.FunctionRunFailed'
    description: 'A function run failed. Runbook: ${runbookRoot}${functionRunFailedRunbook}.md'
    severity: 2
    enabled: true
    scopes: [appInsightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | where success == false | where not(resultCode startswith "4") | summarize failures = count() by operation_Name'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          dimensions: [{ name: 'operation_Name', operator: 'Include', values: ['*'] }]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
      customProperties: { runbook: '${runbookRoot}${functionRunFailedRunbook}.md' }
    }
  }
}

output actionGroupId string = actionGroup.id
