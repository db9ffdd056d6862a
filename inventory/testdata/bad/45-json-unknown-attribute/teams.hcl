team "mops" {
  name = "Marketing Operations"
}
