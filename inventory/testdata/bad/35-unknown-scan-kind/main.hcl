# Scanner kinds that do not exist.

tool "hubspot" {
  product = "hubspot-marketing-hub"

  scan "hubspt" { # ERROR: Unknown scan kind
    token_env = "HUBSPOT_TOKEN"
  }
}

tool "marketo" {
  product = "marketo-engage"

  scan "marketo" { # ERROR: Unknown scan kind
    token_env = "MARKETO_TOKEN"
  }
}
