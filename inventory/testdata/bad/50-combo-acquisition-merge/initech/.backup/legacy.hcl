tool "pardot" {
  product = "salesforce-account-engagement"
}
tool "pardot" {
