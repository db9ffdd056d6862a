team "marketing" {
  name = "Marketing"
  lead = "cmo@acme.example"
}

team "brightpath" {
  name   = "Brightpath Digital"
  lead   = "acme-account@brightpath.example"
  kind   = "agency"
  parent = team.paid_media # ERROR: Team parent cycle
}

team "paid_media" {
  name   = "Paid Media"
  parent = team.brightpath
}
