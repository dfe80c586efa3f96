package imemu

import "time"

// Block is a directed block: Owner has blocked Target (put it on its
// blocklist). Blocking and friendship are independent in the store: a
// block keeps any friend edges between the two, and deleting a friendship
// keeps the block. A vendor whose rules tie them (TIM: blocking dissolves
// the friendship) asks the store to do both in one transaction.
type Block struct {
	Owner   string
	Target  string
	AddedAt time.Time // when Owner blocked Target
}

// BlockOutcome is what blocking or unblocking one target did.
type BlockOutcome int

// The outcomes of blocking or unblocking one target.
const (
	Blocked            BlockOutcome = iota // block: the owner now blocks the target
	Unblocked                              // unblock: the owner no longer blocks the target
	AlreadyBlocked                         // block: the owner blocked the target before; nothing changed
	NotBlocked                             // unblock: the owner does not block the target; nothing changed
	BlockSelf                              // the target is the owner; nothing changed
	BlockNotRegistered                     // the target is not a user of the tenant; nothing changed
	BlocklistFull                          // block: the owner already blocks the maximum number of users
)

// String names the outcome for logs and tests.
func (o BlockOutcome) String() string {
	switch o {
	case Blocked:
		return "blocked"
	case Unblocked:
		return "unblocked"
	case AlreadyBlocked:
		return "already blocked"
	case NotBlocked:
		return "not blocked"
	case BlockSelf:
		return "self"
	case BlockNotRegistered:
		return "not registered"
	case BlocklistFull:
		return "blocklist full"
	}
	return "unknown"
}

// BlockResult is the outcome for one target of a batch block or unblock.
// Removed lists the friend edges a block took away with it (only when the
// caller asked for that), owner → target first.
type BlockResult struct {
	Target  string
	Outcome BlockOutcome
	Removed []Edge
}

// BlockState says how an owner and a target block each other.
type BlockState struct {
	Target       string
	Registered   bool // the target is a user of the tenant
	OwnerBlocks  bool // the owner has blocked the target
	TargetBlocks bool // the target has blocked the owner
}
