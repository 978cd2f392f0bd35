import { App } from "@/components/App";
import { bootPage } from "@/utils/boot-page";
import "@/assets/theme.css";

void bootPage(<App />);
