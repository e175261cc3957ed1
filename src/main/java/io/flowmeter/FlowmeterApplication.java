package io.flowmeter;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import com.vaadin.flow.theme.Theme;
import io.flowmeter.database.SchemaMigration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Flowmeter's entry point. Push uses WEBSOCKET_XHR so that every client-to-server message is an ordinary
 * HTTP request: it passes the servlet filters that establish the security and tenant context.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET_XHR)
@Theme("flowmeter")
public class FlowmeterApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        if (args.length > 0 && "migrate".equals(args[0])) {
            // migrations only (the Helm chart's init container), then exit
            System.exit(SchemaMigration.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(FlowmeterApplication.class, args);
    }

    /** The tab icon (without one, browsers ask for /favicon.ico and log a 404 on every page). */
    @Override
    public void configurePage(com.vaadin.flow.server.AppShellSettings settings) {
        settings.addFavIcon("icon", "icons/flowmeter.svg", "any");
    }
}
