team "mops" { # ERROR: Duplicate team
  name = "Initech Marketing Ops"
  lead = "peter@initech.example"
}

team "growth" {
  name   = "Initech Growth"
  parent = team.marketing # ERROR: Reference to undeclared team
}
