import { App } from "@/components/App";
import { bootPage } from "@/utils/boot-page";
import { useDraftStore } from "@/utils/stores/draft-store";
import "@/assets/theme.css";

void bootPage(<App />, () => useDraftStore.getState().load());
