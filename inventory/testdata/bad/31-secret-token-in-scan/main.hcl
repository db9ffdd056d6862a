# Credentials written into scan blocks instead of named by token_env. The
# diagnostics must show the values masked.

tool "hubspot" {
  product = "hubspot-marketing-hub"

  scan "hubspot" {
    token = "pat-na1-fa4e0000-0000-4000-8000-00000000beef" # ERROR: Literal secret in inventory
  }
}

tool "salesforce" {
  product = "salesforce-sales-cloud"

  scan "salesforce" {
    host          = "acme-analytics.my.salesforce.com"
    token_env     = "SALESFORCE_TOKEN"
    client_secret = "E7F0C2AA19B34D51" # ERROR: Literal secret in inventory
    password      = "Spring2026!" # ERROR: Literal secret in inventory
  }
}
