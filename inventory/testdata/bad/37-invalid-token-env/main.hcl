# token_env must be the name of an environment variable.

tool "hubspot" {
  product = "hubspot-marketing-hub"

  scan "hubspot" {
    token_env = "hubspot token" # ERROR: Invalid environment variable name
  }
}

tool "segment" {
  product = "segment"

  scan "segment" {
    token_env = "$SEGMENT_TOKEN" # ERROR: Invalid environment variable name
  }
}

discovery "okta" {
  host      = "acme-analytics.okta.com"
  token_env = "OKTA-TOKEN" # ERROR: Invalid environment variable name
}
