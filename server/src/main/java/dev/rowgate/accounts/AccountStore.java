package dev.rowgate.accounts;

import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

/** Accounts. Emails are stored normalized ({@link Account#normalizeEmail}); insert throws DuplicateKeyException for a taken email. */
public interface AccountStore {
    long insert(Tx tx, Account.New account);

    Optional<Account> findById(Tx tx, long id);

    Optional<Account> findByEmail(Tx tx, String email);

    List<Account> list(Tx tx, int limit, int offset);

    long count(Tx tx);

    /** Puts the account on a plan whose billing periods are anchored on startedAt; returns false for an unknown account. */
    boolean setPlan(Tx tx, long accountId, Long planId, Long startedAt, Long endsAt);

    boolean setStatus(Tx tx, long accountId, Account.Status status);
}
