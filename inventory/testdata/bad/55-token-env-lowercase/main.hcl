# token_env must match [A-Z_][A-Z0-9_]* (docs/language.md, scan block).

tool "hubspot" {
  product = "hubspot-marketing-hub"

  scan "hubspot" {
    token_env = "hubspot_token" # ERROR: Invalid environment variable name
  }
}

discovery "segment" {
  token_env = "Segment_Token" # ERROR: Invalid environment variable name
}
