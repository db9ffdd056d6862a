flow "hubspot_to_salesforce" {
  from      = tool.hubspot
  to        = tool.salesforce
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "webinar_leads" {
  from      = tool.zoom_webinars
  to        = tool.hubspot
  via       = tool.zapier # ERROR: Reference to undeclared tool
  owner     = team.mops
  method    = "zapier" # ERROR: Invalid value for method
  frequency = "hourly"
}
