package zegoapi

import (
	"errors"
	"fmt"

	"github.com/imemu/imemu"
)

// checkUserID returns CodeParamError unless id is a ZEGO user id: 1–32
// bytes of ASCII letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~.
func checkUserID(field, id string) error {
	switch err := imemu.VendorZego.CheckUserID(id); {
	case err == nil:
		return nil
	case errors.Is(err, imemu.ErrUserIDEmpty):
		return errorf(CodeParamError, "%s is missing or empty", field)
	case errors.Is(err, imemu.ErrUserIDTooLong):
		return errorf(CodeParamError, "%s %s is longer than %d bytes", field, quote(id), imemu.MaxUserIDBytes)
	default:
		return errorf(CodeParamError, "%s %s has a character ZEGO does not allow (letters, digits and !#$%%&()+-:;<=.>?@[]^_{}|~ only)", field, quote(id))
	}
}

// checkUserIDs checks every id of a list field.
func checkUserIDs(field string, ids []string) error {
	for i, id := range ids {
		if err := checkUserID(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return err
		}
	}
	return nil
}

// requireType returns CodeParamError unless *v, a required type field such
// as DeleteType or CheckType, is present and 0 or 1.
func requireType(field string, v *int) error {
	if v == nil {
		return errorf(CodeParamError, "%s is missing", field)
	}
	if *v != 0 && *v != 1 {
		return errorf(CodeParamError, "%s must be 0 (two-way) or 1 (one-way), got %d", field, *v)
	}
	return nil
}

// checkTargets checks a FromUserId-to-UserIds request (DeleteFriends,
// CheckFriendsRelation) in the order ZEGO reports failures: FromUserId, the
// type field, the size of UserIds, then each of its ids.
func checkTargets(from, typeField string, typ *int, ids []string, max int) error {
	if err := checkUserID("FromUserId", from); err != nil {
		return err
	}
	if err := requireType(typeField, typ); err != nil {
		return err
	}
	if err := checkBatch("UserIds", ids, max); err != nil {
		return err
	}
	return checkUserIDs("UserIds", ids)
}

// checkBatch checks the size of a list field of a batch Action: missing
// (absent or null) or empty is CodeParamError, over max is CodeBatchLimit.
// An empty list is a parameter error, not a batch "exceeding the limit"
// (660800019 names only that); every Action with a list calls this, so
// they all answer the same.
func checkBatch[T any](field string, items []T, max int) error {
	switch {
	case items == nil:
		return errorf(CodeParamError, "%s is missing", field)
	case len(items) == 0:
		return errorf(CodeParamError, "%s is empty; it must list 1 to %d items", field, max)
	case len(items) > max:
		return errorf(CodeBatchLimit, "%s has %d items; this app allows 1 to %d", field, len(items), max)
	}
	return nil
}

// owner maps the store's unregistered-owner error to CodeFromNotFound.
func owner(err error, id string) error {
	if errors.Is(err, imemu.ErrUserNotFound) {
		return errorf(CodeFromNotFound, "%s", quote(id))
	}
	return err
}

// triage sorts a batch's target ids: a target equal to from fails with
// selfCode, an id listed more than once with CodeDuplicateIDs (every
// occurrence: none of them is acted on; the failure is reported once, at
// the first). fails maps a failing id to its SubCode; todo lists the rest
// in order.
func triage(from string, ids []string, selfCode int) (todo []string, fails map[string]int) {
	count := make(map[string]int, len(ids))
	for _, id := range ids {
		count[id]++
	}
	fails = map[string]int{}
	for _, id := range ids {
		switch {
		case id == from:
			fails[id] = selfCode
		case count[id] > 1:
			fails[id] = CodeDuplicateIDs
		default:
			todo = append(todo, id)
		}
	}
	return todo, fails
}
