package policies

func ownershipRules() []*Rule { return nil }
