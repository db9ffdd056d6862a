# This file is fine; only teams.hcl is rejected.

tool "zoom_webinars" {
  product = "zoom-webinars"
}
