# Org-wide discovery: where `stackaudit scan` looks for tools, integrations
# and flows that nobody declared. Only environment variable NAMES appear here;
# the tokens themselves come from the scan job's environment.

# Every app assigned in Okta becomes a discovered tool.
discovery "okta" {
  host      = "acme.okta.com"
  auth      = "private_key_jwt" # an OAuth service app; OKTA_PRIVATE_KEY holds its PEM key
  client_id = "0oa1stackaudit"
  token_env = "OKTA_PRIVATE_KEY"
}

# The sales org signs in with Microsoft Entra ID, beside the company's Okta:
# its enterprise apps, and the apps salespeople consented to with their
# scopes. ENTRA_CLIENT_SECRET holds a client secret of the app registration
# client_id names (Graph application permissions Application.Read.All,
# Directory.Read.All and AuditLog.Read.All).
discovery "entra_id" {
  tenant_id = "acme-sales.onmicrosoft.com"
  client_id = "5ad4bb14-1a2c-4a1b-8d2b-ca8ef2a2d8b8"
  token_env = "ENTRA_CLIENT_SECRET"
}

# Third-party OAuth apps users granted access in Google Workspace (shadow
# IT). GOOGLE_TOKEN holds the JSON key of a service account with
# domain-wide delegation, acting for the admin named in subject.
discovery "google_workspace" {
  customer_id = "C01abc"
  token_env   = "GOOGLE_TOKEN"
  subject     = "it-admin@acme.example"
}

# Marketing SDKs and tags in the organization's repositories.
discovery "github" {
  org       = "acme-analytics"
  token_env = "GITHUB_TOKEN"
}

# Segment sources and destinations become discovered flows.
discovery "segment" {
  token_env = "SEGMENT_TOKEN"
}

# Card and expense exports: recurring software charges become discovered
# tools with their annualised spend (shadow IT paid on cards, tools bought
# twice, contracts that cost more than declared).
discovery "spend" {
  files = ["spend/brex-2026.csv", "spend/expensify-emea-2026.csv"]
}
