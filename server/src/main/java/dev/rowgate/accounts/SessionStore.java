package dev.rowgate.accounts;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** Browser sessions, in the database so that any node can serve any request. */
public interface SessionStore extends Expiring {
    void insert(Tx tx, Session session, String ip);

    Optional<Session> find(Tx tx, String idHash);

    void touch(Tx tx, String idHash, long now);

    void delete(Tx tx, String idHash);

    int deleteByAccount(Tx tx, long accountId);
}
