package dev.warren.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTextAndAttributes() {
        String html = new Html()
                .element("td", "<script>alert('x')</script> & \"q\"", "title", "\"><img src=x>")
                .toString();
        assertThat(html).isEqualTo("<td title=\"&quot;&gt;&lt;img src=x&gt;\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>");
    }

    @Test
    void refusesUnsafeNamesAndInlineHandlers() {
        assertThatThrownBy(() -> new Html().open("div onclick=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("div", "onclick", "x")).hasMessageContaining("onclick");
        assertThatThrownBy(() -> new Html().open("div", "style", "x")).hasMessageContaining("style");
        assertThatThrownBy(() -> new Html().open("div", "class")).hasMessageContaining("pairs");
    }

    @Test
    void nullTextIsEmpty() {
        assertThat(new Html().element("p", null).toString()).isEqualTo("<p></p>");
    }
}
