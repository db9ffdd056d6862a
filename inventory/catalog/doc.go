// Package catalog is the built-in knowledge stackaudit ships with: the martech
// capability taxonomy (the six top-level categories of the chiefmartec
// landscape, their subcategories and capability ids) and a catalog of real
// products with the signals that reveal them — web domains, SSO/OAuth app
// names, SDK package names and browser tag hosts — and, where the vendor
// publishes one, a list price per seat with the page and date it was read
// from (see [ListPrice]).
//
// The data lives in HCL files embedded in the binary (data/taxonomy.hcl and one
// file per top-level category under data/products/) so that it can be reviewed
// and extended like any other inventory file, and so that validate, check and
// diff never need the network to resolve a product id.
//
// Load is the entry point: it parses and cross-checks the embedded files once
// and returns an immutable *Catalog for lookups, search, and the Match*
// helpers that discoverers use to turn evidence into catalog products.
package catalog
