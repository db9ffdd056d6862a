# The issue's example: a scan setting only the csv scanner checks.
team "mops" {
  lead = "dana@acme.example"
}

tool "webinars" {
  category = "crm"
  owner    = team.mops

  scan "csv" {
    path         = "usage/webinars.csv"
    email_colum = "Email" # ERROR: Unsupported argument
  }
}
