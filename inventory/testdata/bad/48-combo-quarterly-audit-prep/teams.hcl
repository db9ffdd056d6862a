team "marketing" {
  name = "Marketing"
  lead = "cmo@acme.example"
}

team "mops" {
  name   = "Marketing Operations"
  lead   = "dana@acme.example"
  parent = team.marketing
}

team "revops" {
  name = "Revenue Operations"
  lead = "sam@acme.example"
}

team "brightpath" {
  name = "Brightpath Digital (paid media agency)"
  kind = "Agency" # ERROR: Invalid value for kind
}
