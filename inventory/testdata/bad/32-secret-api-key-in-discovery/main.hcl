# An API key written into discovery blocks. The diagnostics must show the
# values masked.

discovery "segment" {
  api_key = "sgmt-demo-key-0000-not-real" # ERROR: Literal secret in inventory
}

discovery "okta" {
  host      = "acme-analytics.okta.com"
  token_env = "OKTA_TOKEN"
  api_token = "00Qx-NOT-A-REAL-OKTA-TOKEN" # ERROR: Literal secret in inventory
}
