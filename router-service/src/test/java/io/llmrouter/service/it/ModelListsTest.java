package io.llmrouter.service.it;

import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_CI_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_OLD_KEY;
import static io.llmrouter.service.it.FakeUpstreams.LIMITED_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListPage;
import com.anthropic.models.models.ModelListParams;
import com.cohere.api.Cohere;
import com.cohere.api.errors.NotFoundError;
import com.cohere.api.errors.UnauthorizedError;
import com.cohere.api.resources.models.requests.ModelsListRequest;
import com.cohere.api.types.CompatibleEndpoint;
import com.cohere.api.types.GetModelResponse;
import com.cohere.api.types.ListModelsResponse;
import com.google.genai.Client;
import com.google.genai.Pager;
import com.google.genai.errors.ClientException;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/models} and {@code GET /v1beta/models} in each provider's format, read by the official SDKs of
 * Anthropic, Gemini and Cohere: only the caller's models, paged as each provider pages, refusals in the caller's
 * format.
 */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class ModelListsTest {

    /** 2025-05-14T00:00:00Z, when the profile says m-cheap was released. */
    private static final long CHEAP_CREATED = 1747180800L;

    @TestHTTPResource("/")
    URL root;

    /** The tenant's models, in the order every format lists them: OpenAI's list, which is never paged. */
    private List<String> all;
    /** Those of {@link #all} served for chat: all but the embeddings model {@code m-embed}. */
    private List<String> chat;

    private String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @BeforeEach
    void openAiList() {
        all = given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models").then().statusCode(200)
                .extract().jsonPath().getList("data.id", String.class);
        assertTrue(all.size() > 12 && all.contains("m-cheap") && all.contains("m-embed"), all.toString());
        chat = all.stream().filter(m -> !m.equals("m-embed")).toList();
    }

    // ---- OpenAI: the default -------------------------------------------------------------------------------------

    @Test
    void openAisListStaysTheDefault() {
        given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list")).body("has_more", nullValue())
                .body("data.object", everyItem(equalTo("model"))).body("data.owned_by", everyItem(equalTo("acme")))
                .body("data.find { it.id == 'm-cheap' }.created", equalTo((int) CHEAP_CREATED))
                .body("data.find { it.id == 'm-share' }.created", equalTo(0));
        given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models/m-cheap").then().statusCode(200)
                .body("id", equalTo("m-cheap")).body("object", equalTo("model"))
                .body("created", equalTo((int) CHEAP_CREATED));
    }

    // ---- Anthropic -----------------------------------------------------------------------------------------------

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(key).maxRetries(0).build();
    }

    @Test
    void anthropicSdkListsEveryModelPageByPage() {
        AnthropicClient client = anthropic(ACME_KEY);
        try {
            ModelListPage first = client.models().list(ModelListParams.builder().limit(5).build());
            assertEquals(all.subList(0, 5), first.data().stream().map(ModelInfo::id).toList());
            assertEquals(true, first.hasMore().orElseThrow());
            assertEquals(all.get(0), first.firstId().orElseThrow());
            assertEquals(all.get(4), first.lastId().orElseThrow());
            List<String> paged = new ArrayList<>();
            first.autoPager().forEach(m -> paged.add(m.id()));
            assertEquals(all, paged);
            // The default page holds 20.
            ModelListPage whole = client.models().list();
            assertEquals(all.subList(0, Math.min(20, all.size())),
                    whole.data().stream().map(ModelInfo::id).toList());

            ModelInfo cheap = client.models().retrieve("m-cheap");
            assertEquals("Cheap Model", cheap.displayName());
            assertEquals(OffsetDateTime.of(2025, 5, 14, 0, 0, 0, 0, ZoneOffset.UTC), cheap.createdAt());
            assertEquals(128000L, cheap.maxInputTokens().orElseThrow());
            assertEquals(8192L, cheap.maxTokens().orElseThrow());
            ModelInfo share = client.models().retrieve("m-share");
            assertEquals("m-share", share.displayName());
            assertEquals(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), share.createdAt());
            assertTrue(share.maxInputTokens().isEmpty() && share.maxTokens().isEmpty());

            com.anthropic.errors.NotFoundException missing = assertThrows(
                    com.anthropic.errors.NotFoundException.class, () -> client.models().retrieve("no-such-model"));
            assertTrue(missing.getMessage().contains("no-such-model"), missing.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void anthropicSdkPagesBackwardsFromBeforeId() {
        AnthropicClient client = anthropic(ACME_KEY);
        try {
            String last = all.get(all.size() - 1);
            ModelListPage page = client.models().list(ModelListParams.builder().beforeId(last).limit(4).build());
            assertEquals(all.subList(all.size() - 5, all.size() - 1), page.data().stream().map(ModelInfo::id)
                    .toList());
            List<String> backwards = new ArrayList<>();
            page.autoPager().forEach(m -> backwards.add(m.id()));
            // Page by page towards the start, each page in list order.
            assertEquals(all.size() - 1, backwards.size());
            assertEquals(all.subList(all.size() - 5, all.size() - 1), backwards.subList(0, 4));
            assertEquals(all.subList(0, all.size() - 1).stream().sorted().toList(),
                    backwards.stream().sorted().toList());
        } finally {
            client.close();
        }
    }

    @Test
    void anthropicPagingParametersAreCheckedAsAnthropicDocumentsThem() {
        RequestSpecification anthropic = given().header("x-api-key", ACME_KEY).header("anthropic-version",
                "2023-06-01");
        anthropic.queryParam("after_id", all.get(1)).queryParam("limit", 2).get("/v1/models").then()
                .statusCode(200).body("data.id", equalTo(all.subList(2, 4))).body("data.type", everyItem(
                        equalTo("model"))).body("has_more", equalTo(true)).body("first_id", equalTo(all.get(2)))
                .body("last_id", equalTo(all.get(3)));
        given().header("x-api-key", ACME_KEY).queryParam("before_id", all.get(2)).queryParam("limit", 5)
                .get("/v1/models").then().statusCode(200).body("data.id", equalTo(all.subList(0, 2)))
                .body("has_more", equalTo(false));
        given().header("x-api-key", ACME_KEY).queryParam("after_id", all.get(all.size() - 1)).get("/v1/models")
                .then().statusCode(200).body("data.size()", equalTo(0)).body("has_more", equalTo(false))
                .body("first_id", nullValue()).body("last_id", nullValue());
        for (String query : new String[] {"limit=0", "limit=1001", "limit=ten", "after_id=no-such-model",
                "before_id=no-such-model", "after_id=m-cheap&before_id=m-share"}) {
            anthropicError(given().header("x-api-key", ACME_KEY).get("/v1/models?" + query), 400)
                    .body("error.type", equalTo("invalid_request_error"));
        }
    }

    // ---- Gemini --------------------------------------------------------------------------------------------------

    private Client genai(String apiVersion) {
        return Client.builder().apiKey(ACME_KEY)
                .httpOptions(HttpOptions.builder().baseUrl(base()).apiVersion(apiVersion).build()).build();
    }

    @Test
    void genaiSdkListsEveryModelPageByPage() {
        for (String version : new String[] {"v1beta", "v1"}) {
            try (Client client = genai(version)) {
                Pager<Model> pager = client.models.list(ListModelsConfig.builder().pageSize(5).build());
                assertEquals(5, pager.page().size(), version);
                List<String> names = new ArrayList<>();
                pager.forEach(m -> names.add(m.name().orElseThrow()));
                assertEquals(all.stream().map(id -> "models/" + id).toList(), names, version);

                Model cheap = client.models.get("m-cheap", null);
                assertEquals("models/m-cheap", cheap.name().orElseThrow());
                assertEquals("Cheap Model", cheap.displayName().orElseThrow());
                assertEquals("001", cheap.version().orElseThrow());
                assertEquals(128000, cheap.inputTokenLimit().orElseThrow());
                assertEquals(8192, cheap.outputTokenLimit().orElseThrow());
                assertEquals(List.of("generateContent", "streamGenerateContent", "countTokens"),
                        cheap.supportedActions().orElseThrow());
                Model share = client.models.get("models/m-share", null);
                assertEquals("m-share", share.displayName().orElseThrow());
                assertTrue(share.version().isEmpty() && share.inputTokenLimit().isEmpty());

                assertEquals(List.of("embedContent", "batchEmbedContents"),
                        client.models.get("m-embed", null).supportedActions().orElseThrow());

                ClientException missing = assertThrows(ClientException.class,
                        () -> client.models.get("no-such-model", null));
                assertEquals(404, missing.code());
            }
        }
    }

    @Test
    void geminisListCarriesItsFieldsAndPagesByToken() {
        JsonPath page = given().header("x-goog-api-key", ACME_KEY).queryParam("pageSize", 3).get("/v1beta/models")
                .then().statusCode(200).body("models.size()", equalTo(3))
                .body("nextPageToken", notNullValue()).extract().jsonPath();
        assertEquals(all.subList(0, 3), page.getList("models.baseModelId", String.class));
        given().header("x-goog-api-key", ACME_KEY).queryParam("pageSize", 3)
                .queryParam("pageToken", page.getString("nextPageToken")).get("/v1beta/models").then()
                .statusCode(200).body("models.baseModelId", equalTo(all.subList(3, 6)));
        // The whole list in one page: no token; sizes over the most are read as the most.
        given().queryParam("key", ACME_KEY).queryParam("pageSize", 5000).get("/v1/models").then().statusCode(200)
                .body("models.size()", equalTo(all.size())).body("nextPageToken", nullValue())
                .body("object", nullValue());
        given().queryParam("key", ACME_KEY).get("/v1beta/models/m-cheap").then().statusCode(200)
                .body("name", equalTo("models/m-cheap")).body("baseModelId", equalTo("m-cheap"))
                .body("displayName", equalTo("Cheap Model")).body("inputTokenLimit", equalTo(128000))
                .body("outputTokenLimit", equalTo(8192));
        for (String query : new String[] {"pageSize=-1", "pageSize=many", "pageToken=not-a-token",
                "pageToken=%25%25"}) {
            geminiError(given().header("x-goog-api-key", ACME_KEY).get("/v1beta/models?" + query), 400)
                    .body("error.status", equalTo("INVALID_ARGUMENT"));
        }
        geminiError(given().header("x-goog-api-key", ACME_KEY).get("/v1beta/models/no-such-model"), 404)
                .body("error.status", equalTo("NOT_FOUND"));
    }

    // ---- Cohere --------------------------------------------------------------------------------------------------

    /** A request as Cohere's SDKs send it: the key as a bearer token, the SDK named in {@code X-Fern-SDK-Name}. */
    private static RequestSpecification cohere(String key) {
        return given().header("Authorization", "Bearer " + key).header("X-Fern-SDK-Name", "cohere");
    }

    @Test
    void cohereSdkListsEveryModelPageByPage() {
        Cohere client = Cohere.builder().token(ACME_KEY).url(base()).maxRetries(0).build();
        ListModelsResponse page = client.models().list(ModelsListRequest.builder().pageSize(5.0).build());
        List<String> names = new ArrayList<>();
        while (true) {
            page.getModels().forEach(m -> names.add(m.getName().orElseThrow()));
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            page = client.models().list(ModelsListRequest.builder().pageSize(5.0)
                    .pageToken(page.getNextPageToken().get()).build());
        }
        assertEquals(all, names);
        assertEquals(chat.subList(0, Math.min(20, chat.size())), client.models().list(ModelsListRequest.builder()
                .endpoint(CompatibleEndpoint.CHAT).build()).getModels().stream().map(m -> m.getName().orElseThrow())
                .toList());
        assertEquals(List.of("m-embed"), client.models().list(ModelsListRequest.builder()
                .endpoint(CompatibleEndpoint.EMBED).build()).getModels().stream().map(m -> m.getName().orElseThrow())
                .toList());
        assertEquals(List.of(CompatibleEndpoint.EMBED), client.models().get("m-embed").getEndpoints().orElseThrow());
        assertEquals(List.of(), client.models().list(ModelsListRequest.builder().endpoint(CompatibleEndpoint.RERANK)
                .build()).getModels());

        GetModelResponse cheap = client.models().get("m-cheap");
        assertEquals(List.of(CompatibleEndpoint.CHAT), cheap.getEndpoints().orElseThrow());
        assertEquals(128000.0, cheap.getContextLength().orElseThrow());
        assertEquals(false, cheap.getFinetuned().orElseThrow());
        assertEquals(404, assertThrows(NotFoundError.class, () -> client.models().get("no-such-model"))
                .statusCode());
        assertEquals(401, assertThrows(UnauthorizedError.class, () -> Cohere.builder()
                .token("unknown-inbound-key-77c1").url(base()).maxRetries(0).build().models().list()).statusCode());
    }

    @Test
    void coheresListCarriesItsFieldsPagesAndFiltersByEndpoint() {
        JsonPath page = cohere(ACME_KEY).queryParam("page_size", "5.0").get("/v1/models").then().statusCode(200)
                .body("models.size()", equalTo(5))
                .body("models.finetuned", everyItem(equalTo(false))).body("next_page_token", notNullValue())
                .extract().jsonPath();
        List<String> names = new ArrayList<>(page.getList("models.name", String.class));
        String token = page.getString("next_page_token");
        while (token != null) {
            page = cohere(ACME_KEY).queryParam("page_size", 5).queryParam("page_token", token).get("/v1/models")
                    .then().statusCode(200).extract().jsonPath();
            names.addAll(page.getList("models.name", String.class));
            token = page.getString("next_page_token");
        }
        assertEquals(all, names);
        cohere(ACME_KEY).get("/v1/models/m-cheap").then().statusCode(200).body("name", equalTo("m-cheap"))
                .body("endpoints", equalTo(List.of("chat"))).body("context_length", equalTo(128000))
                .body("default_endpoints", equalTo(List.of())).body("finetuned", equalTo(false));
        cohere(ACME_KEY).queryParam("endpoint", "chat").get("/v1/models").then().statusCode(200)
                .body("models.name", equalTo(chat.subList(0, Math.min(20, chat.size()))));
        cohere(ACME_KEY).queryParam("endpoint", "embed").get("/v1/models").then().statusCode(200)
                .body("models.name", equalTo(List.of("m-embed"))).body("models[0].endpoints", equalTo(List.of("embed")));
        cohere(ACME_KEY).queryParam("endpoint", "rerank").get("/v1/models").then().statusCode(200)
                .body("models.size()", equalTo(0)).body("next_page_token", nullValue());
        // The router has no default model per endpoint.
        cohere(ACME_KEY).queryParam("endpoint", "chat").queryParam("default_only", true).get("/v1/models").then()
                .statusCode(200).body("models.size()", equalTo(0));
        // A Cohere-only parameter tells a Cohere client without its SDK's header.
        given().header("Authorization", "Bearer " + ACME_KEY).queryParam("page_size", 2).get("/v1/models").then()
                .statusCode(200).body("models.name", equalTo(all.subList(0, 2))).body("data", nullValue());
        for (String query : new String[] {"page_size=0", "page_size=1001", "page_size=2.5", "endpoint=complete",
                "default_only=true", "endpoint=chat&default_only=maybe", "page_token=bm8tc3VjaC1tb2RlbA"}) {
            cohereError(cohere(ACME_KEY).get("/v1/models?" + query), 400);
        }
        cohereError(cohere(ACME_KEY).get("/v1/models/no-such-model"), 404);
    }

    // ---- Every format --------------------------------------------------------------------------------------------

    @Test
    void aKeyListsOnlyTheModelsItMayCallInEveryFormat() {
        given().header("Authorization", "Bearer " + GOV_CI_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(List.of("m-gov")));
        given().header("x-api-key", GOV_CI_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(List.of("m-gov"))).body("has_more", equalTo(false));
        given().header("x-goog-api-key", GOV_CI_KEY).get("/v1beta/models").then().statusCode(200)
                .body("models.name", equalTo(List.of("models/m-gov")));
        cohere(GOV_CI_KEY).get("/v1/models").then().statusCode(200).body("models.name", equalTo(List.of("m-gov")));
        // A model of its tenant that the key may not call is as unknown as any other.
        given().header("Authorization", "Bearer " + GOV_CI_KEY).get("/v1/models/m-gov-dear").then()
                .statusCode(404).body("error.code", equalTo("model_not_found"));
        anthropicError(given().header("x-api-key", GOV_CI_KEY).get("/v1/models/m-gov-dear"), 404)
                .body("error.type", equalTo("not_found_error"));
        geminiError(given().header("x-goog-api-key", GOV_CI_KEY).get("/v1beta/models/m-gov-dear"), 404);
        cohereError(cohere(GOV_CI_KEY).get("/v1/models/m-gov-dear"), 404);
        // Another tenant's models are not listed.
        given().header("x-api-key", ACME_KEY).get("/v1/models").then().body("data.id", hasItems("m-cheap"));
        given().header("x-api-key", GOV_CI_KEY).get("/v1/models/m-cheap").then().statusCode(404);
    }

    @Test
    void aMissingUnknownOrExpiredKeyIs401InTheCallersFormat() {
        for (String key : new String[] {null, "unknown-inbound-key-77c1", GOV_OLD_KEY}) {
            String message = GOV_OLD_KEY.equals(key) ? "API key expired" : "Missing or invalid API key";
            RequestSpecification bearer = key == null ? given() : given().header("Authorization", "Bearer " + key);
            bearer.get("/v1/models").then().statusCode(401).body("error.message", equalTo(message))
                    .body("error.code", equalTo("invalid_api_key"));
            anthropicError(given().header("anthropic-version", "2023-06-01")
                    .header("x-api-key", key == null ? "" : key).get("/v1/models"), 401)
                    .body("error.type", equalTo("authentication_error")).body("error.message", equalTo(message));
            RequestSpecification goog = key == null ? given() : given().header("x-goog-api-key", key);
            geminiError(goog.get("/v1beta/models"), 401).body("error.status", equalTo("UNAUTHENTICATED"))
                    .body("error.message", equalTo(message));
            RequestSpecification sdk = given().header("X-Fern-SDK-Name", "cohere");
            cohereError((key == null ? sdk : sdk.header("Authorization", "Bearer " + key)).get("/v1/models/m-cheap"),
                    401).body("message", equalTo(message));
        }
        AnthropicClient client = anthropic("unknown-inbound-key-77c1");
        try {
            assertThrows(com.anthropic.errors.UnauthorizedException.class, () -> client.models().list());
        } finally {
            client.close();
        }
    }

    @Test
    void aModelNameWithASlashIsRetrievedEncodedAsSdksSendIt() {
        given().header("Authorization", "Bearer " + LIMITED_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(List.of("m-lim", "org/m-lim")));
        given().header("Authorization", "Bearer " + LIMITED_KEY).urlEncodingEnabled(false)
                .get("/v1/models/org%2Fm-lim").then().statusCode(200).body("id", equalTo("org/m-lim"));
        AnthropicClient client = anthropic(LIMITED_KEY);
        try {
            assertEquals("org/m-lim", client.models().retrieve("org/m-lim").id());
        } finally {
            client.close();
        }
    }

    @Test
    void aGeminiMethodCalledWithGetIs405() {
        for (String path : new String[] {"/v1beta/models/m-cheap:generateContent", "/v1/models/m-cheap:countTokens"}) {
            given().header("x-goog-api-key", ACME_KEY).get(path).then().statusCode(405).header("Allow", "POST")
                    .body("error.code", equalTo(405));
        }
        given().header("x-goog-api-key", ACME_KEY).delete("/v1beta/models/m-cheap").then().statusCode(405)
                .header("Allow", "GET, POST");
        given().header("x-goog-api-key", ACME_KEY).post("/v1beta/models").then().statusCode(405)
                .header("Allow", "GET");
    }

    private static ValidatableResponse anthropicError(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).body("type", equalTo("error"))
                .body("error.message", notNullValue());
    }

    private static ValidatableResponse geminiError(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).body("error.code", equalTo(status))
                .body("error.message", notNullValue());
    }

    private static ValidatableResponse cohereError(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).body("id", notNullValue()).body("message", notNullValue())
                .body("error", nullValue());
    }
}
