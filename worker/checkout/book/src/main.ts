import "./style.css";
import { readEmbedded, typeIdFromPath } from "./api";
import { deviceZone } from "./early";
import { startPage } from "./page";

const root = document.getElementById("root");
if (root)
  void startPage(root, {
    typeId: typeIdFromPath(window.location.pathname),
    embedded: readEmbedded(document),
    lang: new URLSearchParams(window.location.search).get("lang"),
    zone: deviceZone(),
  });
