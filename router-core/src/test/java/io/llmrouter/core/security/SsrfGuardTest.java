package io.llmrouter.core.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
        "255.255.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "192.0.0.8", "198.18.0.1",
        // odd IPv4 spellings accepted by inet_aton
        "2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "0x7F.0.0.1", "017700000001", "10.1",
        "0xa9.0xfe.0xa9.0xfe", "169.254.43518", "0", "0x0",
        // IPv6
        "::1", "::", "[::1]", "[::]", "fc00::1", "fd12:3456:789a::1", "fe80::1", "fe80::1%eth0", "[fe80::1%25eth0]",
        "febf::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "[::ffff:169.254.169.254]", "::ffff:a9fe:a9fe",
        "::127.0.0.1", "::7f00:1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001",
        "64:ff9b::10.0.0.1", "2002:7f00:1::", "2001:db8::1", "::ffff:10.0.0.1", "::ffff:0:0",
        // names
        "localhost", "LOCALHOST", "localhost.", "foo.localhost", "api.localhost.", "metadata.google.internal",
        "db.internal", "printer.local", "Printer.LOCAL.", "localhost.localdomain", "", " "
    })
    void privateHosts(String host) {
        assertTrue(SsrfGuard.isPrivate(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.1.1", "11.0.0.1", "134744072", "0x08080808", "8.8.2056", "223.255.255.254",
        "2606:4700::1111", "[2606:4700:4700::1111]", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8",
        "2002:0808:0808::1",
        "api.openai.com", "API.OpenAI.com.", "generativelanguage.googleapis.com", "api.anthropic.com",
        "localhost.example.com", "internal.example.com", "local", "my-localhost", "1.2.3.4.5", "0x7g.1",
        "127.0.0.1.nip.io", "256.1.1.1.example"
    })
    void publicHosts(String host) {
        assertEquals(false, SsrfGuard.isPrivate(host), host);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true", "10.1.2.3, true", "169.254.169.254, true", "100.64.1.1, true", "::1, true",
        "fd00::1, true", "fe80::2, true", "::ffff:192.168.0.1, true", "8.8.8.8, false", "2606:4700::1111, false"
    })
    void resolvedAddresses(String literal, boolean expected) throws UnknownHostException {
        assertEquals(expected, SsrfGuard.isPrivateAddress(InetAddress.getByName(literal)), literal);
    }

    @Test
    void invalidLiteralsAreNotAddresses() {
        assertEquals(-1, IpLiterals.parseIpv4("256.0.0.1"));
        assertEquals(-1, IpLiterals.parseIpv4("1..2"));
        assertEquals(-1, IpLiterals.parseIpv4("1.2.3.4."));
        assertEquals(-1, IpLiterals.parseIpv4("08.1.1.1"));
        assertEquals(-1, IpLiterals.parseIpv4("1.2.3.4.5"));
        assertEquals(-1, IpLiterals.parseIpv4("4294967296"));
        assertEquals(0x7f000001L, IpLiterals.parseIpv4("0x7f.1"));
        assertEquals(0xFFFFFFFFL, IpLiterals.parseIpv4("4294967295"));
        assertEquals(null, IpLiterals.parseIpv6("1::2::3"));
        assertEquals(null, IpLiterals.parseIpv6("1:2:3:4:5:6:7:8:9"));
        assertEquals(null, IpLiterals.parseIpv6("12345::"));
        assertEquals(null, IpLiterals.parseIpv6("::ffff:1.2.3"));
    }

    @Test
    void resolvingToAPrivateAddressIsRefused() {
        SsrfGuard.Resolver rebinding = host -> new InetAddress[] {
            InetAddress.getByAddress(host, new byte[] {8, 8, 8, 8}),
            InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
        };
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SsrfGuard.checkResolved("evil.example.com", rebinding));
        assertEquals("base-url", e.property());
        assertTrue(e.getMessage().contains("169.254.169.254"), e.getMessage());
        assertTrue(e.getMessage().contains("router.security.allow-private-upstreams=true"), e.getMessage());
    }

    @Test
    void resolvingToPublicAddressesPasses() {
        SsrfGuard.Resolver publicOnly = host -> new InetAddress[] {
            InetAddress.getByAddress(host, new byte[] {(byte) 104, 18, 7, (byte) 192})
        };
        assertDoesNotThrow(() -> SsrfGuard.checkResolved("api.openai.com", publicOnly));
    }

    @Test
    void privateNamesAreRefusedBeforeResolving() {
        SsrfGuard.Resolver mustNotBeCalled = host -> {
            throw new AssertionError("resolved " + host);
        };
        assertThrows(ConfigurationException.class, () -> SsrfGuard.checkResolved("localhost", mustNotBeCalled));
        assertThrows(ConfigurationException.class, () -> SsrfGuard.checkResolved("[::1]", mustNotBeCalled));
    }

    @Test
    void unresolvableNamesSurfaceAsUnknownHost() {
        SsrfGuard.Resolver nx = host -> {
            throw new UnknownHostException(host);
        };
        assertThrows(UnknownHostException.class, () -> SsrfGuard.checkResolved("nx.example.com", nx));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://localhost:8080", "http://127.0.0.1:11434/v1", "http://[::1]:8080", "http://169.254.169.254/latest",
        "https://10.0.0.5", "http://metadata.google.internal", "http://2130706433/", "http://[::ffff:127.0.0.1]/"
    })
    void validateRefusesPrivateBaseUrls(String url) {
        Key key = new Key(Protocol.OPENAI, url, "sk-test");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SsrfGuard.validate(key, false));
        assertEquals("base-url", e.property());
        assertTrue(e.getMessage().contains("private/loopback"), e.getMessage());
        assertDoesNotThrow(() -> SsrfGuard.validate(key, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.openai.com", "https://api.groq.com/openai/v1", "https://8.8.8.8",
        "https://[2606:4700::1111]/v1"})
    void validateAcceptsPublicBaseUrls(String url) {
        assertDoesNotThrow(() -> SsrfGuard.validate(new Key(Protocol.OPENAI, url, "sk-test"), false));
    }

    @Test
    void validateStillValidatesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SsrfGuard.validate(new Key(Protocol.OPENAI, "https://api.openai.com", " "), true));
        assertEquals("api-key", e.property());
    }
}
