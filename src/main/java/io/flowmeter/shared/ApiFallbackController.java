package io.flowmeter.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Unknown {@code /api/**} paths answer with a 404 problem. Without this they would fall through to
 * Vaadin's catch-all forwarding and get the app's HTML page with status 200.
 */
@RestController
class ApiFallbackController {

    @RequestMapping("/api/**")
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("There is no API endpoint " + request.getMethod() + " " + request.getRequestURI());
    }
}
