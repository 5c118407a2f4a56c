package lock

// ownerApart: the owner is written beside the lock file (OwnerSuffix),
// which LockFileEx keeps from every other handle.
const ownerApart = true
