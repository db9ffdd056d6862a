# Teams that own tools, flows, objectives and data classes.
# The marketing org reports to the CMO; RevOps reports to the CRO.

team "marketing" {
  name = "Marketing"
  lead = "maria.chen@acme.example"
}

team "mops" {
  name   = "Marketing Operations"
  lead   = "dana.kim@acme.example"
  parent = team.marketing
}

team "demand_gen" {
  name   = "Demand Generation"
  lead   = "luis.ortega@acme.example"
  parent = team.marketing
}

team "field_events" {
  name   = "Field & Events Marketing"
  lead   = "sofia.rossi@acme.example"
  parent = team.demand_gen
}

team "content" {
  name   = "Content Marketing"
  lead   = "ben.adler@acme.example"
  parent = team.marketing
}

# The brand director left in September; the role is open.
team "brand" { # deliberate: team-without-lead
  name   = "Brand & Creative"
  parent = team.marketing
}

team "product_marketing" {
  name   = "Product Marketing"
  lead   = "nina.patel@acme.example"
  parent = team.marketing
}

team "sales" {
  name = "Sales"
  lead = "tom.becker@acme.example"
}

team "revops" {
  name   = "Revenue Operations"
  lead   = "grace.liu@acme.example"
  parent = team.sales
}

team "privacy" {
  name = "Privacy & Legal"
  lead = "hannah.weiss@acme.example"
}

team "data_eng" {
  name = "Data Engineering"
  lead = "omar.haddad@acme.example"
}

# Performance-media agency on retainer; Demand Generation manages the account.
team "northwind" {
  name   = "Northwind Digital"
  lead   = "priya.nair@northwind.example"
  parent = team.demand_gen
  kind   = "agency"
}
