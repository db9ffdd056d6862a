# Values that look like vendor credentials, in attributes whose names do not
# say so: a Slack bot token as token_env, a GitHub token and a bearer header
# in scanner settings, a HubSpot private app token in a tool's admins. The
# diagnostics must show the values masked.

tool "slack" {
  product = "slack"

  scan "slack" {
    token_env = "xoxb-FAKE-not-a-real-token-0000" # ERROR: Literal secret in inventory
  }
}

tool "github" {
  product = "github"

  scan "github" {
    org       = "acme-analytics"
    token_env = "GITHUB_TOKEN"
    auth      = "ghp_FAKE00000000000000000000000000000000" # ERROR: Literal secret in inventory
  }
}

tool "hotjar" {
  product = "hotjar"

  scan "http" {
    url         = "https://api.hotjar.example/v1/users"
    auth_header = "Bearer FAKEFAKEFAKEFAKE0000" # ERROR: Literal secret in inventory
  }
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  admins  = ["dana@acme.example", "pat-eu1-0badc0de-0000-4000-8000-000000000000"] # ERROR: Literal secret in inventory
}
