tool "linkedin_ads" {
  name         = "LinkedIn Campaign Manager"
  vendor       = "LinkedIn"
  category     = "search-social-ads"
  capabilities = ["paid-social", "abm-ads"] # WARNING: Unknown capability
  owner        = "team.brightpath" # ERROR: Invalid reference
  scope        = ["emea"]
  stores       = [data_class.contact_pii, data_class.audiences]

  cost {
    amount = 4000
    period = "month"
  }

  scan "linkedin" { # ERROR: Unknown scan kind
    token_env = "LINKEDIN_TOKEN"
  }
}

tool "google_ads" {
  product = "google-ads"
  owner   = team.brightpath
  stores  = [data_class.audiences]

  scan "http" {
    url   = "https://ads-reporting.brightpath.example/users"
    token = "brightpath-shared-reporting-key" # ERROR: Literal secret in inventory
  }
}

tool "metadata_io" {
  name     = "Metadata.io"
  category = "paid-media-automation" # WARNING: Unknown category
  owner    = team.brightpath
  sso      = "SAML" # ERROR: Incorrect attribute value type
}
