package io.flowmeter.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The key-rotation step: with {@code FLOWMETER_SECRETS_REWRAP=true} a node re-wraps every data key with the
 * current master key as it starts (see the README's rotation procedure). Idempotent; other nodes keep serving.
 */
@Component
@ConditionalOnProperty(name = "flowmeter.secrets.rewrap", havingValue = "true")
class RewrapOnStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RewrapOnStart.class);

    private final LocalSecretStore store;
    private final MasterKeys masterKeys;

    RewrapOnStart(LocalSecretStore store, MasterKeys masterKeys) {
        this.store = store;
        this.masterKeys = masterKeys;
    }

    @Override
    public void run(ApplicationArguments args) {
        int rewrapped = store.rewrapDataKeys();
        log.info("Re-wrapped {} data keys with master key {}; old master keys can now be removed", rewrapped, masterKeys.currentId());
    }
}
