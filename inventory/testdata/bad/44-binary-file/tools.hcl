# A valid file next to a binary one that happens to end in .hcl.

tool "segment" {
  product = "segment"
}
