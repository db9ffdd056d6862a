# A language error and an owner's error in the same run: validate shows
# both, not the second only after the first is fixed.
tool "crm" {
  category = "crm"
  owner    = team.nobody # ERROR: Reference to undeclared team
}

tool "webinars" {
  category = "crm"

  scan "csv" {
    path = "../outside.csv" # ERROR: Invalid path
  }
}

rule "low-utilisation" { # ERROR: Unknown rule
  threshold = 0.5
}
