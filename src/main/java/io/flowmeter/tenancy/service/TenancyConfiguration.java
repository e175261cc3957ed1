package io.flowmeter.tenancy.service;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    /**
     * The data source the application uses: the runtime role's connections, or the platform role's while the
     * thread is in the platform scope.
     */
    @Bean
    @Primary
    DataSource dataSource(@Qualifier("runtime") DataSource runtime, @Qualifier("platform") DataSource platform) {
        return new ScopedDataSource(runtime, platform);
    }

    @Bean
    PlatformTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new TenantAwareTransactionManager(entityManagerFactory);
    }
}
