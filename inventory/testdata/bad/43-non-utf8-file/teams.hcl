# Exported from a spreadsheet as Latin-1: the accented e below is the single
# byte 0xE9, which is not UTF-8.

team "events" {
  name = "Events & Café Meetups" # ERROR: Invalid character encoding
  lead = "lea@acme.example"
}
