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

    /** Sets active or disabled; on PostgreSQL also tells every node's bearer cache (disabling must bite at once). */
    boolean setStatus(Tx tx, long accountId, Account.Status status);

    /** Accounts whose email contains emailPart (case-insensitive; % and _ match themselves), by email. */
    List<Account> search(Tx tx, String emailPart, int limit, int offset);
}
