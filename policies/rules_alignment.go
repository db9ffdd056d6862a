package policies

func alignmentRules() []*Rule { return nil }
