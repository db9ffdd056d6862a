# Instance hosts outside the vendor's documented domain, a host on a kind
# that takes none, and a URL instead of a bare host name.

tool "salesforce" {
  product = "salesforce-sales-cloud"

  scan "salesforce" {
    host      = "acme.salesforce.com.evil.example" # ERROR: Host not allowed for salesforce
    token_env = "SALESFORCE_TOKEN"
  }
}

tool "okta" {
  product = "okta"

  scan "okta" {
    host      = "acme.example.com" # ERROR: Host not allowed for okta
    token_env = "OKTA_TOKEN"
  }
}

tool "hubspot" {
  product = "hubspot-marketing-hub"

  scan "hubspot" {
    host      = "api.hubapi.com" # ERROR: Host not allowed for hubspot
    token_env = "HUBSPOT_TOKEN"
  }
}

tool "mailchimp" {
  product = "mailchimp"

  scan "mailchimp" {
    host      = "us6.api.mailchimp.com.attacker.example" # ERROR: Host not allowed for mailchimp
    token_env = "MAILCHIMP_TOKEN"
  }
}

discovery "okta" {
  host      = "https://acme.okta.com" # ERROR: Host not allowed for okta
  token_env = "OKTA_TOKEN"
}
