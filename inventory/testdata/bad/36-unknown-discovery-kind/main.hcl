# Discovery kinds that do not exist.

discovery "okta" {
  host      = "acme-analytics.okta.com"
  token_env = "OKTA_TOKEN"
}

discovery "google-workspace" { # ERROR: Unknown discovery kind
  token_env = "GOOGLE_WORKSPACE_TOKEN"
}

discovery "hubspot" { # ERROR: Unknown discovery kind
  token_env = "HUBSPOT_TOKEN"
}
