team "mops" {
  name = "Marketing Operations"
  lead = "dana@acme.example"
}

team "revops" {
  name = "Revenue Operations"
  lead = "sam@acme.example"
}
