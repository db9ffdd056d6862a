# The same label declared twice in one file, for several block types.

team "mops" {
  name = "Marketing Operations"
  lead = "dana@acme.example"
}

team "revops" {
  name = "Revenue Operations"
}

team "mops" { # ERROR: Duplicate team
  name = "Marketing Ops (EMEA)"
  lead = "lars@acme.example"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops
}

tool "hubspot" { # ERROR: Duplicate tool
  product = "hubspot-sales-hub"
  owner   = team.revops
}

data_class "contact_pii" {
  sensitivity = "personal"
}

data_class "contact_pii" { # ERROR: Duplicate data_class
  sensitivity = "sensitive"
}
