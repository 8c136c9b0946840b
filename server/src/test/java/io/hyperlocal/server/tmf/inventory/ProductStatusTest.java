package io.hyperlocal.server.tmf.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.tmf.common.TmfException;
import org.junit.jupiter.api.Test;

class ProductStatusTest {
    @Test
    void theSpecsAbortedLiteralWithItsTrailingSpaceIsReadAndWrittenWithout() {
        assertThat(ProductStatus.parse("aborted ", "status")).isEqualTo(ProductStatus.ABORTED);
        assertThat(ProductStatus.parse("aborted", "status")).isEqualTo(ProductStatus.ABORTED);
        assertThat(ProductStatus.ABORTED.label()).isEqualTo("aborted");
    }

    @Test
    void endedProductsCannotMoveAndLiveOnesMoveOnlyAlongTheLifecycle() {
        for (ProductStatus ended : new ProductStatus[] {ProductStatus.TERMINATED, ProductStatus.CANCELLED,
                ProductStatus.ABORTED}) {
            assertThat(ended.isLive()).isFalse();
            assertThatThrownBy(() -> ended.checkMoveTo(ProductStatus.ACTIVE, "p")).isInstanceOf(TmfException.class);
        }
        ProductStatus.ACTIVE.checkMoveTo(ProductStatus.SUSPENDED, "p");
        ProductStatus.SUSPENDED.checkMoveTo(ProductStatus.ACTIVE, "p");
        assertThatThrownBy(() -> ProductStatus.ACTIVE.checkMoveTo(ProductStatus.CREATED, "p"))
                .isInstanceOf(TmfException.class).hasMessageContaining("suspended");
        assertThatThrownBy(() -> ProductStatus.parse("paused", "status")).isInstanceOf(TmfException.class);
    }
}
