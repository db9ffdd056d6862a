resource "null" "x" {
  oops = 
