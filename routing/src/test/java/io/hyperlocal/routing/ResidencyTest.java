package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.DUBLIN;
import static io.hyperlocal.routing.TestingFederation.FRANKFURT;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.POLICY;
import static io.hyperlocal.routing.TestingFederation.VIRGINIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResidencyTest {

    @Test
    void aSiteNeedsOneAllowedTagAndNoExclusion() {
        ResidencyRule rule = new ResidencyRule(Set.of("DE", "EU"), Set.of("ie-dub"), Set.of("US"));

        assertThat(rule.refusal(FRANKFURT)).isEmpty();
        assertThat(rule.refusal(PARIS)).isEmpty();
        assertThat(rule.refusal(DUBLIN)).contains("site ie-dub is excluded");
        assertThat(rule.refusal(VIRGINIA)).contains("tag US is excluded");
    }

    @Test
    void anExcludedTagWinsOverAnAllowedOne() {
        ResidencyRule rule = new ResidencyRule(Set.of("EU", "FR"), Set.of(), Set.of("FR"));

        assertThat(rule.refusal(PARIS)).contains("tag FR is excluded");
        assertThat(rule.refusal(FRANKFURT)).isEmpty();
    }

    @Test
    void countriesWithoutARuleGetTheDefault() {
        assertThat(POLICY.ruleFor("FR").allowedTags()).containsExactly("FR");
        assertThat(POLICY.ruleFor("IT")).isEqualTo(ResidencyRule.EU_ONLY);
    }

    @Test
    void invalidRulesAndPoliciesAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> ResidencyRule.allowing(Set.of()))
                .hasMessageContaining("allowedTags is empty");
        assertThatThrownBy(() -> new ResidencyRule(Set.of("EU"), Set.of(), Set.of("EU")))
                .hasMessageContaining("exclude every allowed tag [EU]");
        assertThatThrownBy(() -> ResidencyRule.allowing(Set.of("E U")))
                .hasMessageContaining("allowedTags holds an invalid tag").hasMessageContaining("E U");
        assertThatThrownBy(() -> new ResidencyPolicy(0, Map.of(), ResidencyRule.EU_ONLY))
                .hasMessage("version must be at least 1: 0");
        assertThatThrownBy(() -> new ResidencyPolicy(1, Map.of("fra", ResidencyRule.EU_ONLY), ResidencyRule.EU_ONLY))
                .hasMessageContaining("ISO 3166-1 alpha-2").hasMessageContaining("fra");
        assertThatThrownBy(() -> RequesterJurisdiction.of("France"))
                .hasMessageContaining("country must be an ISO 3166-1 alpha-2 code: France");
    }

    @Test
    void aNarrowingRestrictsToSitesCarryingEveryNamedTag() {
        ResidencyScope scope = POLICY.scopeFor(RequesterJurisdiction.of("DE").narrowedBy("DE"));

        assertThat(scope.admits(FRANKFURT)).isTrue();
        assertThat(scope.refusal(PARIS)).contains("narrowed to [DE], site lacks [DE]");
        assertThat(scope.policyVersion()).isEqualTo(7);
    }

    @Test
    void aNarrowingThatWouldWidenIsRefused() {
        RequesterJurisdiction widening = RequesterJurisdiction.of("DE").narrowedBy("FR");

        assertThatThrownBy(() -> POLICY.scopeFor(widening))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.JURISDICTION_NOT_ALLOWED);
                    assertThat(e.param()).contains(RequesterJurisdiction.HEADER);
                    assertThat(e.getMessage()).contains("requests of DE", "[DE, EU]", "[FR] cannot be asked for", "v7");
                });
        // FR requesters may only use FR sites: asking for EU would let Frankfurt in.
        assertThatThrownBy(() -> POLICY.scopeFor(RequesterJurisdiction.of("FR").narrowedBy("EU")))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.JURISDICTION_NOT_ALLOWED));
    }

    @Test
    void anyRequesterMayNarrowToAQualifierTagButStaysWithinTheirRule() {
        ResidencyPolicy policy = new ResidencyPolicy(8, POLICY.rules(), POLICY.defaultRule(), Set.of("SecNumCloud"));
        Site certifiedParis = new Site("fr-par2", "Paris 2", "FR", "Paris", 48.85, 2.35, Set.of("FR", "EU", "SecNumCloud"));
        Site certifiedFrankfurt = new Site("de-fra2", "Frankfurt 2", "DE", "Frankfurt", 50.1, 8.7, Set.of("DE", "EU", "SecNumCloud"));
        ResidencyScope scope = policy.scopeFor(RequesterJurisdiction.of("FR").narrowedBy("SecNumCloud"));

        assertThat(scope.admits(certifiedParis)).isTrue();
        assertThat(scope.admits(PARIS)).isFalse();
        assertThat(scope.refusal(certifiedFrankfurt)).contains("tags [DE, EU, SecNumCloud] hold none of [FR]");
        assertThatThrownBy(() -> policy.scopeFor(RequesterJurisdiction.of("FR").narrowedBy("DE")))
                .hasMessageContaining("Name one or more of [FR, SecNumCloud]");
        assertThatThrownBy(() -> new ResidencyPolicy(1, Map.of(), ResidencyRule.EU_ONLY, Set.of("bad tag")))
                .hasMessageContaining("qualifierTags holds an invalid tag");
    }

    @Test
    void theHeaderIsParsedStrictly() {
        assertThat(RequesterJurisdiction.of("DE").narrowedBy(" DE , EU ").narrowedTo()).containsExactlyInAnyOrder("DE", "EU");
        assertThat(RequesterJurisdiction.of("DE").narrowedBy("  ").narrowedTo()).isEmpty();
        assertThat(RequesterJurisdiction.of("DE").narrowedBy("DE").label()).isEqualTo("DE>DE");
        assertThatThrownBy(() -> RequesterJurisdiction.of("DE").narrowedBy("DE,,EU"))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
                    assertThat(e.getMessage()).contains("'DE,,EU'");
                });
    }
}
