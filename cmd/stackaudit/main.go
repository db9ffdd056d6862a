// Command stackaudit audits a marketing-technology stack declared as HCL.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], systemEnv())) }
